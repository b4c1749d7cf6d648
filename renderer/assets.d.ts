/** Vite turns an imported asset into the URL it is served at. */
declare module '*.wav' {
  const url: string;
  export default url;
}
