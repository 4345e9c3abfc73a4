// Chromium switches the kiosk needs that Electron leaves off. Read-aloud: on Linux,
// Chromium's speech synthesis talks to speech-dispatcher only with this switch (Chrome turns
// it on for itself; Electron does not), so without it the page sees no voice even though the
// .deb installs speech-dispatcher and espeak-ng (electron-builder.yml deb.depends).
export function chromiumSwitches(platform: NodeJS.Platform): readonly string[] {
  return platform === 'linux' ? ['enable-speech-dispatcher'] : [];
}
