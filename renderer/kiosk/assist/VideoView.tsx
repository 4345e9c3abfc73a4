// A <video> showing a MediaStream. React has no srcObject prop, so it is set from an effect.
// The customer's own preview is muted (no echo of their own voice) and mirrored.
import { useEffect, useRef } from 'react';

export interface VideoViewProps {
  stream: MediaStream | null;
  testId: string;
  label: string;
  own?: boolean;
}

export function VideoView({ stream, testId, label, own = false }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    // Autoplay can be refused before any touch; a kiosk has always been touched by now.
    if (stream) void video.play?.()?.catch(() => undefined);
  }, [stream]);
  return <video ref={ref} className={own ? 'call__video call__video--own' : 'call__video'} data-testid={testId} aria-label={label} autoPlay playsInline muted={own} />;
}
