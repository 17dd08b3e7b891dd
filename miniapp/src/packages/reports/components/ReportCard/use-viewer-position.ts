import { useEffect, useState } from 'react';
import { getGcj02Location } from '../../../../services/location';

/**
 * Where the staff member stands (GCJ-02), asked once when the list opens: the cards then say how
 * far each report is. Null until known, and when location is refused or unavailable (the list
 * works without it).
 */
export function useViewerPosition(): { lat: number; lng: number } | null {
  const [origin, setOrigin] = useState<{ lat: number; lng: number } | null>(null);
  useEffect(() => {
    let live = true;
    getGcj02Location().then(
      (p) => live && setOrigin({ lat: p.lat, lng: p.lng }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return origin;
}
