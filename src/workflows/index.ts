/** Entry of the workflow bundle (the workers' `workflowsPath`): every workflow the workers register. */
export { evaluationWorkflow } from './evaluationWorkflow';
