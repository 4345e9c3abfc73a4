// Where the ID card goes: a card laid flat on the reader under the screen. Drawn inline and
// decorative like the card journeys' pictures (card/DevicePicture.tsx, whose styles it uses);
// the words beside it say the same.
export function IdReaderPicture() {
  return (
    <svg className="picture picture--id" viewBox="0 0 160 160" aria-hidden="true" focusable="false" data-testid="picture-id-reader">
      <path d="M16 118h128l-10 30H26z" className="picture__device" />
      <rect x="34" y="108" width="92" height="8" rx="3" className="picture__slot" />
      <g className="picture__id-card">
        <rect x="38" y="40" width="84" height="54" rx="6" className="picture__paper" />
        <rect x="46" y="50" width="22" height="28" rx="2" className="picture__chip" />
        <path d="M76 54h36M76 64h30M76 74h36M46 86h66" className="picture__lines" />
      </g>
    </svg>
  );
}
