// Whether capture can work on this machine as it is: the one place that words what is missing (no
// display, Wayland without X, neither the in-process capture nor ImageMagick), so `cairn record`,
// the app's recorder screen and the start of a recording say the same sentence.

export async function captureProblem(
  options: { screensWanted: boolean },
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  if (platform === 'linux' && !env.DISPLAY) {
    return env.WAYLAND_DISPLAY
      ? 'This is a Wayland session without X: Cairn records on X11 only for now; log in to an X11 session (or run under Xwayland with DISPLAY set) and try again.'
      : 'No display: DISPLAY is not set, so there is no screen to record; run Cairn inside your desktop session (or under Xvfb) and try again.';
  }
  if (options.screensWanted && platform === 'linux') {
    // Loaded only when asked: nothing of capture is loaded before it is needed. ImageMagick is only
    // the fallback of the in-process capture (create-screen-capturer.ts).
    const { windowCaptureProblem } = await import('../capture/x11/x11-window-capturer.ts');
    const problem = windowCaptureProblem(env.DISPLAY);
    if (problem === null) return null;
    const { checkImageMagick } = await import('../capture/screenshot-desktop-capturer.ts');
    if (await checkImageMagick()) return null;
    return `ImageMagick's \`import\` is missing and the in-process capture cannot run (${problem}), so screens cannot be captured: install ImageMagick (Debian: apt-get install imagemagick), or allow the apps with --screens off.`;
  }
  return null;
}
