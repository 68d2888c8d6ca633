import { Image, Path, Rect, Svg } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import type { Clinic, OnlineEdition } from '../../src/model/edition.ts';
import { tag } from '../../src/model/tags.ts';

/** The QR code as vector squares, so it prints crisp at any size; a 4-module quiet zone keeps scanners happy. A screen reader reads its address. */
export function QrCode({ online, size }: { online: OnlineEdition; size: number }) {
  const quiet = 4;
  const modules = online.qr.size + quiet * 2;
  return (
    <Svg width={size} height={size} viewBox={`${-quiet} ${-quiet} ${modules} ${modules}`} {...tag('Figure', { alt: online.url })}>
      <Rect x={-quiet} y={-quiet} width={modules} height={modules} fill="#ffffff" />
      <Path d={online.qr.path} fill="#000000" />
    </Svg>
  );
}

/** Decorative: the clinic's name is printed beside it (untagged pictures are artifacts). */
export function Logo({ clinic, style }: { clinic: Clinic; style: Style }) {
  if (!clinic.logo) return null;
  return <Image style={style} src={{ data: Buffer.from(clinic.logo.data), format: clinic.logo.format } as never} />;
}
