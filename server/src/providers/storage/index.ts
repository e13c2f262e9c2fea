export { createLocalStorage, type LocalStorage, type LocalStorageOptions } from './local.js';
export { createSupabaseStorage, type SupabaseStorageOptions } from './supabase.js';
export { assetKey, BUCKETS, contentTypeOf, StorageError, validateKey, type PutOptions, type Storage, type StorageErrorCode } from './types.js';
