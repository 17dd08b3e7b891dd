// Where the photos of a queued report wait. A temp file (weapp) or a File (H5) dies with the page
// or the app; the outbox must survive a restart, so each photo is copied somewhere durable when
// the report is queued and removed once it is sent or deleted.
import Taro from '@tarojs/taro';
import type { LocalPhoto, PhotoSource } from '../reports';

/** A kept photo: a saved file path (weapp) or a record id in IndexedDB (H5). */
export interface StoredPhoto {
  ref: string;
  type: string;
  bytes: number;
}

export interface PhotoStore {
  /** Copies the photos somewhere that survives a restart; throws an Error with a Chinese message. */
  keep(key: string, photos: LocalPhoto[]): Promise<StoredPhoto[]>;
  read(photo: StoredPhoto): Promise<ArrayBuffer>;
  /** What the sender sends (weapp: the saved file's path, for uploadFile); absent: `read`'s bytes. */
  source?(photo: StoredPhoto): Promise<PhotoSource>;
  drop(photos: StoredPhoto[]): Promise<void>;
}

/**
 * weapp: `saveFile` moves the camera's temp file into the app's own storage (kept across restarts,
 * 200 MB per app in recent base libraries), `removeSavedFile` frees it.
 */
export const weappPhotoStore: PhotoStore = {
  async keep(_key, photos) {
    const kept: StoredPhoto[] = [];
    try {
      for (const p of photos) {
        const saved = await Taro.saveFile({ tempFilePath: p.preview } as Taro.saveFile.Option);
        const path = (saved as unknown as { savedFilePath: string }).savedFilePath;
        kept.push({ ref: path, type: 'image/jpeg', bytes: 0 });
      }
    } catch {
      await weappPhotoStore.drop(kept);
      throw new Error('手机存储空间不足，照片无法保存到待发送');
    }
    return kept;
  },
  read(photo) {
    const fs = Taro.getFileSystemManager();
    return new Promise((resolve, reject) =>
      fs.readFile({
        filePath: photo.ref,
        success: (r) => resolve(r.data as ArrayBuffer),
        fail: () => reject(new Error('待发送的照片已丢失，请删除后重新拍摄')),
      }),
    );
  },
  source(photo) {
    // Still there? (uploadFile would fail as a network error, and the outbox retry for ever.)
    const fs = Taro.getFileSystemManager();
    return new Promise((resolve, reject) =>
      fs.access({
        path: photo.ref,
        success: () => resolve({ type: photo.type, path: photo.ref }),
        fail: () => reject(new Error('待发送的照片已丢失，请删除后重新拍摄')),
      }),
    );
  },
  async drop(photos) {
    for (const p of photos) {
      try {
        await Taro.removeSavedFile({ filePath: p.ref });
      } catch {
        // Already gone: nothing to free.
      }
    }
  },
};

let store: PhotoStore | null = null;

// Not an async function: Babel turns those into a state machine whose branches webpack cannot
// fold, and the weapp build would carry the IndexedDB code. A plain `if` on the build-time
// constant is dropped whole from the weapp bundle. Eager: in the H5 bundle without a chunk of its
// own, so nothing has to be fetched while offline.
function loadPlatformStore(): Promise<PhotoStore> {
  if (process.env.TARO_ENV === 'h5') {
    return import(/* webpackMode: "eager" */ './photos-h5').then((m) => m.indexedDbPhotoStore);
  }
  return Promise.resolve(weappPhotoStore);
}

/** The platform's store; H5's IndexedDB code is absent from the weapp bundle. */
export function photoStore(): Promise<PhotoStore> {
  if (store) return Promise.resolve(store);
  return loadPlatformStore().then((s) => (store = s));
}

/** Tests give the outbox their own store. */
export function setPhotoStore(s: PhotoStore | null): void {
  store = s;
}
