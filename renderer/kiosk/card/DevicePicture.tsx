// Pictures that show where to act when the action is off the screen: the code under the
// scanner, the card into the reader, the hand over the PIN pad (shared by every journey). Drawn inline (no image files,
// no emoji font), animated gently (reduced-motion honoured in card.css), and decorative: the
// words beside them say the same thing.
const pictures = {
  scan: (
    <>
      <rect x="40" y="20" width="80" height="100" rx="6" className="picture__paper" />
      <path d="M52 34h22v22H52zM86 34h22v22H86zM52 68h22v22H52zM90 72h6v6h-6zM100 82h8v8h-8zM86 86h6v4h-6z" className="picture__code" />
      <path d="M20 130h120l-12 24H32z" className="picture__device" />
      <rect x="30" y="100" width="100" height="4" className="picture__beam" />
    </>
  ),
  card: (
    <>
      <path d="M20 120h120v30H20z" className="picture__device" />
      <rect x="50" y="112" width="60" height="6" rx="2" className="picture__slot" />
      <g className="picture__card">
        <rect x="52" y="20" width="56" height="84" rx="6" className="picture__paper" />
        <rect x="64" y="80" width="16" height="12" rx="2" className="picture__chip" />
      </g>
    </>
  ),
  pinpad: (
    <>
      <rect x="40" y="20" width="80" height="130" rx="8" className="picture__device" />
      <rect x="52" y="32" width="56" height="18" rx="2" className="picture__paper" />
      {[0, 1, 2, 3].flatMap((row) => [0, 1, 2].map((col) => <rect key={`${row}-${col}`} x={54 + col * 19} y={60 + row * 21} width="14" height="14" rx="3" className="picture__key" />))}
      <path d="M30 140c20-30 60-40 100-30v40H30z" className="picture__hand" />
    </>
  ),
} as const;

export function DevicePicture({ kind }: { kind: keyof typeof pictures }) {
  return (
    <svg className={`picture picture--${kind}`} viewBox="0 0 160 160" aria-hidden="true" focusable="false" data-testid={`picture-${kind}`}>
      {pictures[kind]}
    </svg>
  );
}
