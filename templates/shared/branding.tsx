import { Image, Path, Rect, Svg } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import type { Clinic, OnlineEdition } from '../../src/model/edition.ts';

/** The QR code as vector squares, so it prints crisp at any size; a 4-module quiet zone keeps scanners happy. */
export function QrCode({ online, size }: { online: OnlineEdition; size: number }) {
  const quiet = 4;
  const modules = online.qr.size + quiet * 2;
  return (
    <Svg width={size} height={size} viewBox={`${-quiet} ${-quiet} ${modules} ${modules}`}>
      <Rect x={-quiet} y={-quiet} width={modules} height={modules} fill="#ffffff" />
      <Path d={online.qr.path} fill="#000000" />
    </Svg>
  );
}

export function Logo({ clinic, style }: { clinic: Clinic; style: Style }) {
  if (!clinic.logo) return null;
  return <Image style={style} src={{ data: Buffer.from(clinic.logo.data), format: clinic.logo.format } as never} />;
}
