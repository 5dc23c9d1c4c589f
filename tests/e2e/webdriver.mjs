// A small W3C WebDriver client over fetch, enough to drive the Tauri window through
// tauri-driver: sessions, finding elements, clicks, keys, text and screenshots.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  static async start(base, capabilities) {
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ capabilities: { alwaysMatch: capabilities } }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`new session failed: ${JSON.stringify(body)}`);
    return new WebDriver(base, body.value.sessionId);
  }

  async cmd(method, path, body) {
    const res = await fetch(`${this.base}/session/${this.sessionId}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      const err = new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      err.code = json.value?.error;
      throw err;
    }
    return json.value;
  }

  /** The first element matching `css`, waiting up to `timeoutMs` for it to appear. */
  async find(css, timeoutMs = 10_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        return v[ELEMENT];
      } catch (e) {
        if (e.code !== 'no such element' || Date.now() > until) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** The first element matching `css` whose text contains `text`. */
  async findWithText(css, text, timeoutMs = 10_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        for (const el of await this.findAll(css)) {
          if ((await this.text(el)).includes(text)) return el;
        }
      } catch (e) {
        // An element that went away while it was read (a toast, a re-render): look again.
        if (!/stale element/.test(String(e?.message ?? e))) throw e;
      }
      if (Date.now() > until) throw new Error(`no ${css} with text "${text}"`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  type(el, text) {
    return this.cmd('POST', `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  title() {
    return this.cmd('GET', '/title');
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Runs async `script`; it must call `arguments[arguments.length - 1](result)`. */
  executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async quit() {
    try {
      await this.cmd('DELETE', '');
    } catch {
      // The window may already be gone.
    }
  }
}

export const KEYS = { ENTER: '\uE007', ESCAPE: '\uE00C' };
