// The agent tools' public surface for the front ends (cli/commands/mcp.ts, features/agentTools/).
export { AGENT_TOOLS, agentTool, referenceText, workspaceFile } from './tools';
export { inputProblem, runAgentTool, serializeToolResult, type SerializedToolResult } from './guard';
export * from './types';
