// The H5 camera path of QrCamera: getUserMedia into a <video>, frames drawn to a canvas, decoded
// with jsQR. Browser-only: every function is called from an H5 branch, and jsQR is imported
// dynamically inside `process.env.TARO_ENV === 'h5'` so the weapp bundle never holds it (weapp
// scans with Taro.scanCode) and the H5 first page does not load it.

type Decoder = (data: Uint8ClampedArray, width: number, height: number, options?: object) => { data: string } | null;

/**
 * Inside WeChat's browser with the JS-SDK loaded, Taro's H5 scanCode calls wx.scanQRCode (WeChat's
 * own scanner, better than ours): use that, and the camera sheet everywhere else.
 */
export function hasWechatScanner(): boolean {
  const wx = typeof window !== 'undefined' ? (window as unknown as { wx?: { scanQRCode?: unknown } }).wx : undefined;
  return typeof wx?.scanQRCode === 'function';
}

/** A camera that would not start, with what to tell the person (Chinese). */
export class CameraError extends Error {
  constructor(
    readonly code: 'UNSUPPORTED' | 'DENIED' | 'NO_CAMERA' | 'BUSY' | 'FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/** What getUserMedia's refusal means for the person holding the phone. */
export function cameraError(err: unknown): CameraError {
  if (err instanceof CameraError) return err;
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return new CameraError('DENIED', '没有相机权限：请在浏览器设置里允许本网站使用相机，或在下方手动输入');
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return new CameraError('NO_CAMERA', '没有找到可用的相机，请在下方手动输入');
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError')
    return new CameraError('BUSY', '相机正被其他应用占用，请关闭后重试，或在下方手动输入');
  return new CameraError('FAILED', '无法打开相机，请在下方手动输入');
}

/** Frames are decoded at most this wide: a QR at arm's length is large; smaller is faster. */
const MAX_SIDE = 640;

/** Decodes one frame of `source` (a video or image) through `canvas`; null when no QR is in it. */
export function decodeFrame(
  decode: Decoder,
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  canvas: HTMLCanvasElement,
): string | null {
  if (!sourceWidth || !sourceHeight) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(sourceWidth, sourceHeight));
  const width = Math.round(sourceWidth * scale);
  const height = Math.round(sourceHeight * scale);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(source, 0, 0, width, height);
  const image = g.getImageData(0, 0, width, height);
  const found = decode(image.data, width, height, { inversionAttempts: 'attemptBoth' });
  return found?.data ? found.data : null;
}

// Not an async function: Babel turns those into a state machine whose branches webpack cannot
// fold, and the weapp build then carried jsQR (130 KB) into two subpackages. A plain `if` on the
// build-time constant is dropped whole from the weapp bundle (scripts/check-weapp.mjs checks).
function loadDecoder(): Promise<Decoder> {
  if (process.env.TARO_ENV === 'h5') {
    return import('jsqr').then((mod) => (mod.default ?? mod) as unknown as Decoder);
  }
  return Promise.reject(new CameraError('UNSUPPORTED', '请使用微信扫一扫'));
}

/**
 * Opens the back camera into `host` and calls `onText` once with the first QR it reads. Returns
 * `stop` (releases the camera; call it when the view closes). Throws a CameraError.
 */
export async function startQrCamera(host: HTMLElement, onText: (text: string) => void): Promise<() => void> {
  const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!media?.getUserMedia) {
    // Browsers give the camera only to https pages (and localhost).
    throw new CameraError('UNSUPPORTED', '这个浏览器不能打开相机（需要 https 网址），请在下方手动输入');
  }
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (err) {
    throw cameraError(err);
  }
  const release = () => stream.getTracks().forEach((t) => t.stop());
  let decode: Decoder;
  const video = document.createElement('video');
  try {
    decode = await loadDecoder();
    video.setAttribute('playsinline', 'true');
    video.setAttribute('autoplay', 'true');
    video.muted = true;
    video.className = 'nx-qr-camera__video';
    video.srcObject = stream;
    host.appendChild(video);
    await video.play();
  } catch (err) {
    release();
    video.remove();
    throw cameraError(err);
  }
  const canvas = document.createElement('canvas');
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    release();
    video.remove();
  };
  const tick = () => {
    if (stopped) return;
    let text: string | null = null;
    try {
      text = decodeFrame(decode, video, video.videoWidth, video.videoHeight, canvas);
    } catch {
      text = null; // a frame not ready yet; the next one will be
    }
    if (text) {
      stop();
      onText(text);
      return;
    }
    timer = setTimeout(tick, 120);
  };
  tick();
  return stop;
}
