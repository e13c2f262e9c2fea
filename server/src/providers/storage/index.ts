export { createLocalStorage, type LocalStorage, type LocalStorageOptions } from './local.js';
export { createSupabaseStorage, KEY_CHECK_OBJECT, type SupabaseStorageOptions } from './supabase.js';
export {
  assetKey,
  BUCKETS,
  bucketOf,
  contentTypeOf,
  IMMUTABLE_CACHE_CONTROL,
  StorageError,
  validateKey,
  type Place,
  type PutOptions,
  type Storage,
  type StorageErrorCode,
} from './types.js';
