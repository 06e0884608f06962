import { useMemo } from 'react';
import { encode } from 'uqr';

/**
 * `text` as a QR code (ISO/IEC 18004) drawn as one SVG path, dark on light with the quiet zone
 * scanners need, for a phone's camera to open the link.
 */
export function QrCode({ text, label, testId }: { text: string; label: string; testId: string }) {
  const { path, size } = useMemo(() => {
    const qr = encode(text, { ecc: 'M', border: 4 });
    let d = '';
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return { path: d, size: qr.size };
  }, [text]);
  return (
    <svg className="qr" data-testid={testId} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
