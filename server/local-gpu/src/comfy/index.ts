// ComfyUI's own rules, as the simulated worker applies them: the node catalogue (object_info),
// prompt validation, model folders and a reader of what a graph asks for.
export type { ComfyLink, ComfyNode, ComfyWorkflow } from './types.js';
export { nodeCatalog, type NodeCatalog, type NodeDefinition } from './catalog.js';
export { validateWorkflow, modelFolderFor, formatValidationErrors, type NodeError, type ValidationResult, type ValidateOptions } from './validate.js';
export { describeWorkflow, type WorkflowDescription } from './describe.js';
export { filesNamedBy, imagesNamedBy } from './files.js';
