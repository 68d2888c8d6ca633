// The PNG and JPEG decoders React-PDF itself uses; they ship no types.
declare module 'png-js' {
  export default class PNG {
    constructor(data: Buffer);
    width: number;
    height: number;
    imgData: Uint8Array;
  }
}

declare module 'jay-peg' {
  const JPEG: { decode(data: Buffer): { name: string }[] };
  export default JPEG;
}
