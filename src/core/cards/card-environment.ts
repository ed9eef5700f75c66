/**
 * The environment a model was trained in, read from what exists: the model folder's MLmodel
 * (python and mlflow versions, flavors, signature), requirements.txt, conda.yaml and
 * python_env.yaml, then the run's tags and params. Files that do not parse are kept as text
 * and simply add nothing; absence is never an error.
 */
import { parse } from 'yaml';
import type { CardFile } from './card-sources.js';
import type { CardEnvironment } from './model-card.js';

const PYTHON_KEYS = ['python_version', 'mlflow.python_version', 'python.version', 'strata.python_version'];
const NODE_KEYS = ['node_version', 'strata.node_version', 'node.version', 'strata.runtime.node'];
const MLFLOW_KEYS = ['mlflow_version', 'mlflow.version'];

/** What MLmodel says, when it parses. */
export interface MlmodelFacts {
  pythonVersion?: string;
  mlflowVersion?: string;
  /** `sklearn 1.4.2`, `python_function`… one per flavor. */
  flavors: string[];
  signatureInputs?: string;
  signatureOutputs?: string;
}

function parseYaml(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;

export function readMlmodel(files: readonly CardFile[]): MlmodelFacts {
  const file = files.find((candidate) => candidate.path === 'MLmodel');
  const doc = file ? parseYaml(file.content) : undefined;
  if (!isRecord(doc)) return { flavors: [] };
  const flavors = isRecord(doc.flavors) ? doc.flavors : {};
  const pyfunc = isRecord(flavors.python_function) ? flavors.python_function : {};
  const signature = isRecord(doc.signature) ? doc.signature : {};
  return {
    pythonVersion: asText(pyfunc.python_version),
    mlflowVersion: asText(doc.mlflow_version),
    flavors: Object.entries(flavors).map(([name, body]) => {
      const version = isRecord(body) ? asText(body[`${name}_version`]) : undefined;
      return version ? `${name} ${version}` : name;
    }),
    signatureInputs: asText(signature.inputs),
    signatureOutputs: asText(signature.outputs),
  };
}

function requirementLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/#.*$/, '').trim()).filter((line) => line !== '' && !line.startsWith('-'));
}

/** conda.yaml's dependencies, with its nested `pip:` list flattened; python_env.yaml's lists. */
function yamlDependencies(text: string): string[] {
  const doc = parseYaml(text);
  if (!isRecord(doc)) return [];
  const out: string[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (typeof item === 'string' && !item.startsWith('-')) out.push(item.trim());
      else if (isRecord(item)) for (const nested of Object.values(item)) walk(nested);
    }
  };
  walk(doc.dependencies);
  walk(doc.build_dependencies);
  return out;
}

function dependenciesOf(files: readonly CardFile[]): string[] {
  const all: string[] = [];
  for (const file of files) {
    if (file.path === 'requirements.txt') all.push(...requirementLines(file.content));
    else if (file.path === 'conda.yaml' || file.path === 'python_env.yaml') all.push(...yamlDependencies(file.content));
  }
  return [...new Set(all)];
}

function pythonFromEnvFile(files: readonly CardFile[]): string | undefined {
  const file = files.find((candidate) => candidate.path === 'python_env.yaml');
  const doc = file ? parseYaml(file.content) : undefined;
  return isRecord(doc) ? asText(doc.python) : undefined;
}

/** The first of `keys` found among the run's tags, then its params. */
function lookup(keys: readonly string[], tags: ReadonlyMap<string, string>, params: ReadonlyMap<string, string>): string | undefined {
  for (const source of [tags, params]) {
    for (const key of keys) {
      const value = source.get(key)?.trim();
      if (value) return value;
    }
  }
  return undefined;
}

export function readEnvironment(files: readonly CardFile[], tags: ReadonlyMap<string, string>, params: ReadonlyMap<string, string>): CardEnvironment {
  const mlmodel = readMlmodel(files);
  const environment: CardEnvironment = {
    files: files.map((file) => ({ path: file.path, content: file.content, truncated: file.truncated })),
    dependencies: dependenciesOf(files),
  };
  const python = mlmodel.pythonVersion ?? pythonFromEnvFile(files) ?? lookup(PYTHON_KEYS, tags, params);
  const node = lookup(NODE_KEYS, tags, params);
  const mlflow = mlmodel.mlflowVersion ?? lookup(MLFLOW_KEYS, tags, params);
  if (python) environment.pythonVersion = python;
  if (node) environment.nodeVersion = node;
  if (mlflow) environment.mlflowVersion = mlflow;
  return environment;
}
