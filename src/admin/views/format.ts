/** A timestamp as China time for people: "2024/5/15 08:30:00". */
export function dateTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
}

/** A share as a whole percentage: 0.456 → "46%". */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
