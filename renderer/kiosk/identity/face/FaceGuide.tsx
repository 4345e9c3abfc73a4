// The oval the customer puts their face in, over the camera preview: the area outside it is
// dimmed so the target is obvious even to someone who cannot read the instruction.
export function FaceGuide() {
  return (
    <svg className="face-step__guide" viewBox="0 0 400 300" preserveAspectRatio="none" aria-hidden="true">
      <defs>
        <mask id="face-step-oval">
          <rect width="400" height="300" fill="white" />
          <ellipse cx="200" cy="145" rx="82" ry="112" fill="black" />
        </mask>
      </defs>
      <rect width="400" height="300" className="face-step__dim" mask="url(#face-step-oval)" />
      <ellipse cx="200" cy="145" rx="82" ry="112" className="face-step__oval" />
    </svg>
  );
}
