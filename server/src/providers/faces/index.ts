export { createLocalFaceAnalyzer, type LocalFaceAnalyzerOptions } from './local-analyzer.js';
export { descriptorDistance, FaceAnalyzerError, type DetectedFace, type FaceAnalysis, type FaceAnalyzer, type FacePriority } from './types.js';
