// The card dispenser below the screen, drawn like the other device pictures (card/DevicePicture):
// `inside` while the new card is read in the machine, `out` while it waits at the slot — the
// card drawn coming out, gently animated (reduced motion honoured in the CSS). Decorative: the
// words beside it say the same thing.
export function DispenserPicture({ card }: { card: 'inside' | 'out' }) {
  return (
    <svg className={`picture picture--dispenser picture--dispenser-${card}`} viewBox="0 0 160 160" aria-hidden="true" focusable="false" data-testid={`picture-dispenser-${card}`}>
      <rect x="16" y="24" width="128" height="72" rx="8" className="picture__device" />
      <rect x="44" y="86" width="72" height="6" rx="2" className="picture__slot" />
      {card === 'inside' ? (
        <g className="picture__reading">
          <rect x="52" y="44" width="56" height="30" rx="4" className="picture__paper" />
          <rect x="60" y="52" width="12" height="9" rx="2" className="picture__chip" />
        </g>
      ) : (
        <g className="picture__card-out">
          <rect x="52" y="90" width="56" height="56" rx="6" className="picture__paper" />
          <rect x="60" y="126" width="14" height="10" rx="2" className="picture__chip" />
        </g>
      )}
    </svg>
  );
}
