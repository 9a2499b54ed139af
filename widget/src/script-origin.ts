// Read while the script runs: a classic script is `document.currentScript`, a module has `import.meta.url`
// (empty in the classic build, where the first one applies).
const src = (document.currentScript as HTMLScriptElement | null)?.src || (import.meta as { url?: string }).url;

/** The origin the widget's script came from: the default Hitch server. */
export const scriptOrigin: string = src ? new URL(src).origin : location.origin;
