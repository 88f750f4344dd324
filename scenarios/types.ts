/**
 * The scenario types the built-in suite's helpers name: rowmeter's public API, which every
 * built-in cell is written against exactly as a user's scenario is. Nothing else is defined here.
 */
export type { ScenarioContext, ScenarioCounters, ScenarioDefinition, ScenarioSession } from '../harness/api/index.js';
