// Saving bytes through the browser's download, for the organizer's browser and the
// participants' page alike (the desktop window saves through Tauri instead).

/** The bytes of a base64 string. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Hands `blob` to the browser's download as `fileName`. */
export function saveBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser (a slow phone too) time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
