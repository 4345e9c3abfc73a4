// The photo the step took, drawn from its pixels onto a canvas: no image URL or file is made,
// so when the step ends nothing of the customer's face outlives the component.
import { useEffect, useRef } from 'react';
import type { FaceImage } from '../../../../protocol/face-check.js';

export function CapturedPhoto({ image, label }: { image: FaceImage; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    // No 2D context in jsdom; the picture is then simply blank.
    const context = element?.getContext('2d');
    if (!element || !context) return;
    context.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
    return () => context.clearRect(0, 0, element.width, element.height);
  }, [image]);
  return <canvas ref={canvas} className="face-step__photo" width={image.width} height={image.height} role="img" aria-label={label} data-testid="face-step-photo" />;
}
