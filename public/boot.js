// Starts the WebAssembly app. Kept as a file (not inline) so the Content-Security-Policy can
// forbid inline scripts. Trunk writes the hashed file names into the data attributes.
const tag = document.querySelector("script[data-portal-js]");
// A prerendered page can be read already: the app's files are fetched once it has been painted,
// so that they do not compete with it for the connection.
if (document.getElementById("prerendered")) {
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}
const { default: init } = await import(tag.dataset.portalJs);
const wasm = await init({ module_or_path: tag.dataset.portalWasm });
// For the benchmarks: the size of the WebAssembly linear memory.
globalThis.portalWasmMemoryBytes = () => wasm.memory.buffer.byteLength;

// Offline support where the browser has it (some WebViews do not: the portal then simply works
// online only). The worker sits beside this loader, so that its scope is wherever the site is
// mounted (`/`, or a sub-path such as `/xinwuranwu/`).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register(new URL("sw.js", import.meta.url))
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => reg.active?.postMessage("warm"))
    .catch(() => {});
}
