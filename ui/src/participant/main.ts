// The participants' page (`/p/`): a page of its own, small enough for a phone on a slow
// hotspot, that signs in with the check-in code of the badge.
import { mount } from 'svelte';
import Participant from './Participant.svelte';
import './participant.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app tidak ditemukan');
mount(Participant, { target });
