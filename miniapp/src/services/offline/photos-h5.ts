// H5 only (loaded with import() from photos.ts): the photos of queued reports as Blobs in
// IndexedDB. localStorage (Taro's H5 storage) holds ~5 MB of strings, less than one phone photo
// as a data URL; IndexedDB keeps the Blob itself and survives a reload.
import type { LocalPhoto } from '../reports';
import type { PhotoStore, StoredPhoto } from './photos';

const DB = 'nx-outbox';
const STORE = 'photos';
/** All queued photos together; beyond it the rider is told to send or delete some first. */
export const H5_PHOTO_CAP_BYTES = 60 * 1024 * 1024;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req ? req.result : (undefined as T));
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

async function usedBytes(): Promise<number> {
  const blobs = await tx<Blob[]>('readonly', (s) => s.getAll() as IDBRequest<Blob[]>);
  return blobs.reduce((n, b) => n + b.size, 0);
}

export const indexedDbPhotoStore: PhotoStore = {
  async keep(key, photos: LocalPhoto[]) {
    const files = photos.map((p) => p.file).filter((f): f is File => !!f);
    const adding = files.reduce((n, f) => n + f.size, 0);
    if ((await usedBytes()) + adding > H5_PHOTO_CAP_BYTES) {
      throw new Error('待发送的照片太多，请先发送或删除一些再拍');
    }
    const kept: StoredPhoto[] = files.map((f, i) => ({
      ref: `${key}/${i}`,
      type: f.type || 'image/jpeg',
      bytes: f.size,
    }));
    try {
      await tx('readwrite', (s) => {
        files.forEach((f, i) => s.put(f, kept[i]!.ref));
      });
    } catch {
      throw new Error('浏览器存储空间不足，照片无法保存到待发送');
    }
    return kept;
  },
  async read(photo) {
    const blob = await tx<Blob | undefined>('readonly', (s) => s.get(photo.ref) as IDBRequest<Blob | undefined>);
    if (!blob) throw new Error('待发送的照片已丢失，请删除后重新拍摄');
    return blob.arrayBuffer();
  },
  async drop(photos) {
    if (photos.length === 0) return;
    await tx('readwrite', (s) => {
      for (const p of photos) s.delete(p.ref);
    });
  },
};
