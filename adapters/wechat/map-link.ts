/** A point read from a shared map link. */
export type MapPoint = { lat: number; lng: number };

const COORD_PARAMS = ['coord', 'latlng', 'center', 'location'];

/** Reads coordinates from a map link (Tencent/Web WeChat share locations as e.g. `apis.map.qq.com/...?coord=28.68,115.89`). */
export function pointOfMapLink(text: string): MapPoint | undefined {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) return undefined;
  let url: URL;
  try {
    url = new URL(match[0]);
  } catch {
    return undefined;
  }
  if (!/map|location|lbs/i.test(url.hostname + url.pathname)) return undefined;
  for (const name of COORD_PARAMS) {
    const value = url.searchParams.get(name);
    const numbers = value?.split(/[,;]/).map(Number);
    if (numbers?.length !== 2) continue;
    const [lat = Number.NaN, lng = Number.NaN] = numbers;
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return { lat, lng };
  }
  return undefined;
}
