// Preloaded with `node --import` into a process forked with an IPC channel: gives it the
// `process.parentPort` of an Electron utility process (messages arrive as `{ data }`), so the built
// desktop service runs under plain Node as it does in Electron.
process.parentPort = {
  on: (_event, listener) => process.on('message', (data) => listener({ data })),
  postMessage: (message) => process.send(message),
};
