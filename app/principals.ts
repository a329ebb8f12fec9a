// The mapping from configuration to principals is a column of the principal-kind table.
export { principalFromConfig } from './principal-kinds';
