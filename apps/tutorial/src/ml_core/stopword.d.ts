// The `stopword` package ships no types; ml_core reads only its English list.
declare module 'stopword' {
  export const eng: readonly string[];
}
