/** Vite's `?raw` imports: a file's text, for tests that compare a config file with the code. */
declare module '*?raw' {
  const text: string;
  export default text;
}
