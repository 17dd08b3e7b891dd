import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../env';

// WeChat privacy flow (小程序隐私保护指引), weapp only:
//  1. app launch: installPrivacyHandler() registers wx.onNeedPrivacyAuthorization.
//  2. before location/camera: ensurePrivacyAuthorized() calls wx.requirePrivacyAuthorize; if the user
//     has not agreed yet, WeChat fires our handler and keeps the call pending.
//  3. the <PrivacyPopup> mounted on the page opens; its agree button has
//     open-type="agreePrivacyAuthorization" (WeChat checks that this exact button was tapped), and
//     answerPrivacyPrompt() resolves the pending call with agree or disagree.
// On H5 the browser asks for each permission itself, so every function here is a no-op.

export const PRIVACY_AGREE_BUTTON_ID = 'nx-privacy-agree';

export class PrivacyDeniedError extends Error {
  readonly code = 'PRIVACY_DENIED';
  constructor() {
    super('需要你同意《隐私保护指引》后才能使用定位和拍照');
    this.name = 'PrivacyDeniedError';
  }
}

type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void;
type Listener = (open: boolean) => void;

let pending: Resolve | null = null;
const listeners = new Set<Listener>();
let installed = false;

function emit(open: boolean): void {
  listeners.forEach((l) => l(open));
}

/** Call once at app launch. */
export function installPrivacyHandler(): void {
  if (!IS_WEAPP || installed || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  installed = true;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    if (listeners.size === 0) {
      // No popup on this page: refusing beats leaving the original API call hanging forever.
      resolve({ event: 'disagree' });
      return;
    }
    pending = resolve;
    emit(true);
  });
}

export function subscribePrivacyPrompt(listener: Listener): () => void {
  listeners.add(listener);
  if (pending) listener(true);
  return () => {
    listeners.delete(listener);
  };
}

/** Tell WeChat the popup was actually shown (it audits exposure separately from consent). */
export function reportPrivacyPromptShown(): void {
  pending?.({ event: 'exposureAuthorization' });
}

export function answerPrivacyPrompt(agreed: boolean): void {
  const resolve = pending;
  pending = null;
  emit(false);
  resolve?.(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' });
}

/** Resolves once the user has agreed to the privacy guide (immediately if already agreed). */
export function ensurePrivacyAuthorized(): Promise<void> {
  if (!IS_WEAPP || typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve();
  return new Promise((resolve, reject) => {
    Taro.requirePrivacyAuthorize({
      success: () => resolve(),
      fail: () => reject(new PrivacyDeniedError()),
    });
  });
}

/** Whether the user still has to agree; false on H5 and on base libraries without the API. */
export function needsPrivacyAuthorization(): Promise<boolean> {
  if (!IS_WEAPP || typeof Taro.getPrivacySetting !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    Taro.getPrivacySetting({
      success: (res) => resolve(res.needAuthorization),
      fail: () => resolve(false),
    });
  });
}

export function openPrivacyContract(): void {
  if (IS_WEAPP && typeof Taro.openPrivacyContract === 'function') Taro.openPrivacyContract({});
}
