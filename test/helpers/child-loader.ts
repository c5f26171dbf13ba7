// Node arguments that let a child process run the TypeScript sources with the same
// loader as the test itself, so its coverage maps onto the sources like the test's
// own does (tap records children's coverage too).

const loader = process.execArgv.filter((arg) => arg.includes('@tapjs/typescript') || arg === '--enable-source-maps');

export const TS_NODE_ARGS: string[] = loader.length > 0 ? loader : ['--import', 'tsx'];
