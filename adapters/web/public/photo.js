// Photos are shrunk on the phone before they are sent: a cheap phone on a slow line sends ~300 kB instead of 5 MB,
// and drawing onto a canvas drops the camera's metadata (GPS position) and applies its rotation.

const MAX_SIDE = 1600;
const THUMB_SIDE = 240;

function draw(bitmap, side) {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** The photo to send (a JPEG blob, or the file itself if the browser cannot read it) and a small preview (data URL). */
export async function preparePhoto(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const blob = await new Promise((resolve) => draw(bitmap, MAX_SIDE).toBlob(resolve, 'image/jpeg', 0.85));
    const thumb = draw(bitmap, THUMB_SIDE).toDataURL('image/jpeg', 0.7);
    bitmap.close();
    return blob ? { blob, thumb } : { blob: file };
  } catch {
    return { blob: file };
  }
}
