import { node, pipeline, Pipeline } from '@kedro-mlflow/core-pipeline';
import { runInMemory } from './fixtures.js';

const defrost = (frozenMeat: string): string => `${frozenMeat}_defrosted`;
const grill = (meat: string): string => `${meat}_grilled`;
const eat = (food: string): string => `${food}_done`;

describe('connecting modular pipelines (case 58)', () => {
  const cook = (): Pipeline =>
    pipeline([node(defrost, 'frozen_meat', 'meat', { name: 'defrost_node' }), node(grill, 'meat', 'grilled_meat', { name: 'grill_node' })]);
  const lunch = (): Pipeline => pipeline([node(eat, 'food', 'output', { name: 'eat_node' })]);

  it('joins pipelines by renaming outputs or inputs', async () => {
    const byOutputs = pipeline(cook(), { outputs: { grilled_meat: 'food' } }).add(lunch());
    const byInputs = cook().add(pipeline(lunch(), { inputs: { food: 'grilled_meat' } }));
    const byBoth = pipeline(cook(), { outputs: { grilled_meat: 'NEW_NAME' } }).add(pipeline(lunch(), { inputs: { food: 'NEW_NAME' } }));
    for (const pipe of [byOutputs, byInputs, byBoth]) {
      expect(pipe.inputs()).toEqual(new Set(['frozen_meat']));
      expect(await runInMemory(pipe, { frozen_meat: 'frozen_meat_data' })).toEqual({
        output: 'frozen_meat_data_defrosted_grilled_done',
      });
    }
  });

  it('reuses one pipeline twice under two namespaces', async () => {
    const eatBreakfast = (food: string): string => `${food}_breakfast`;
    const eatLunch = (food: string): string => `${food}_lunch`;
    const pipe = Pipeline.sum([
      pipeline(cook(), { namespace: 'breakfast', outputs: { grilled_meat: 'breakfast_food' } }),
      pipeline(cook(), { namespace: 'lunch', outputs: { grilled_meat: 'lunch_food' } }),
      pipeline([node(eatBreakfast, 'breakfast_food', 'breakfast_done')]),
      pipeline([node(eatLunch, 'lunch_food', 'lunch_done')]),
    ]);
    expect(pipe.inputs()).toEqual(new Set(['breakfast.frozen_meat', 'lunch.frozen_meat']));
    expect(pipe.nodes.map((n) => n.name).filter((name) => name.includes('defrost'))).toEqual([
      'breakfast.defrost_node',
      'lunch.defrost_node',
    ]);
    expect(await runInMemory(pipe, { 'breakfast.frozen_meat': 'egg', 'lunch.frozen_meat': 'steak' })).toEqual({
      breakfast_done: 'egg_defrosted_grilled_breakfast',
      lunch_done: 'steak_defrosted_grilled_lunch',
    });
    expect(pipe.groupNodesBy().map((g) => g.name)).toEqual(['breakfast', 'lunch', expect.stringMatching(/^eatBreakfast__/), expect.stringMatching(/^eatLunch__/)]);
  });
});
