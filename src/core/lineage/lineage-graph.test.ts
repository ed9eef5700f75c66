import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineageRun } from '../ports/lineage-repository.js';
import { codeEdge, codeNode, LineageGraphBuilder, parentRunId } from './lineage-graph.js';

function run(tags: Record<string, string>): LineageRun {
  return {
    info: { runId: 'r1', runName: 'train', experimentId: '1', userId: 'u', status: 'FINISHED', startTime: 1, endTime: 2, artifactUri: 'x', lifecycleStage: 'active' },
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    inputs: [],
  };
}

describe('lineage graph', () => {
  it('takes the code version from the git commit, else the source name', () => {
    const withCommit = run({ 'mlflow.source.git.commit': 'abc', 'mlflow.source.name': 'train.py', 'mlflow.source.git.branch': 'main' });
    const code = codeNode(withCommit)!;
    assert.deepEqual(code, { id: 'git:abc', type: 'code', label: 'git abc', attributes: { commit: 'abc', branch: 'main' } });
    assert.deepEqual(codeEdge(code, withCommit), { from: 'git:abc', to: 'runs:/r1', relation: 'source_of', attributes: { sourceName: 'train.py' } });
    const scriptOnly = run({ 'mlflow.source.name': 'nb.ipynb' });
    assert.equal(codeNode(scriptOnly)!.id, 'source:nb.ipynb');
    assert.equal(codeEdge(codeNode(scriptOnly)!, scriptOnly).attributes, undefined);
    assert.equal(codeNode(run({})), undefined);
    assert.equal(parentRunId(run({ 'mlflow.parentRunId': 'p' })), 'p');
  });

  it('keeps nodes and edges once each, drops dangling edges, and marks a cut at the node limit', () => {
    const builder = new LineageGraphBuilder(2);
    const node = (id: string) => ({ id, type: 'run' as const, label: id, attributes: {} });
    assert.equal(builder.addNode(node('a')), true);
    assert.equal(builder.addNode(node('a')), true);
    assert.equal(builder.addNode(node('b')), true);
    assert.equal(builder.addNode(node('c')), false);
    builder.addEdge({ from: 'a', to: 'b', relation: 'parent_of' });
    builder.addEdge({ from: 'a', to: 'b', relation: 'parent_of' });
    builder.addEdge({ from: 'a', to: 'c', relation: 'parent_of' });
    const graph = builder.build('a', 'down', 3);
    assert.deepEqual(graph.nodes.map((n) => n.id), ['a', 'b']);
    assert.equal(graph.edges.length, 1);
    assert.equal(graph.truncated, true);
  });
});
