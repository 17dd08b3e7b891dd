// The photo pipeline shared by every job that takes photos (随手拍 reports, legal attachments,
// 随手帮 and 微心愿): multipart reading, content checks and re-encoding with EXIF/GPS stripped,
// staged file storage, signed short-lived URLs and the route that serves the bytes.
export { fieldsOf, readMultipart } from './multipart.js';
export { DISPLAY_KEEP_MAX, DISPLAY_MAX, photoFiles, processPhoto, thumbnailOf, type ProcessedPhoto } from './photos.js';
export { stripJpegMetadata } from './jpeg-strip.js';
export { LocalPhotoStorage, type PhotoStorage, type StagedFile, type StagedFiles } from './storage.js';
export { photoKey, SignedPhotoUrls, type PhotoSize } from './signer.js';
export { registerPhotoRoute, type PhotoRouteOptions } from './serve.js';
export { removePhotoFiles, stagePhoto, withStagedPhoto, type StagedPhoto } from './staged.js';
export {
  COMMUNITY_PHOTO_URL_TTL_SECONDS,
  communityUploadDir,
  createCommunityPhotos,
  deleteCommunityPhotos,
  eraseRiderCommunityPhotos,
  exportRiderCommunityPhotos,
  photoLinks,
  preparePhoto,
  registerCommunityPhotoRoute,
  type CommunityPhotoPurpose,
  type CommunityPhotos,
  type PreparedPhoto,
} from './community.js';
