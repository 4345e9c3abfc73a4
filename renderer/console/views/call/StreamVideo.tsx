// A <video> showing a MediaStream. srcObject cannot be set from JSX, hence the effect.
import { useEffect, useRef } from 'react';

export function StreamVideo({ stream, muted, testId, label }: { stream: MediaStream | null; muted: boolean; testId: string; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || video.srcObject === stream) return;
    video.srcObject = stream;
    // Autoplay of a stream with sound may need a gesture; the expert clicked Accept already.
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);
  return <video ref={ref} data-testid={testId} aria-label={label} autoPlay playsInline muted={muted} />;
}
