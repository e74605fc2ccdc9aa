import 'reflect-metadata';
import { DefinitionError } from 'shardline';
import { OnWindowEnd, WindowReduce } from 'shardline/windows';
import { getWindowMethods } from '../../../src/metadata/metadata';

const noop = (): void => undefined;
const standardContext = (name: string) => ({ kind: 'method', name, static: false, private: false, access: {}, metadata: {}, addInitializer: noop });

describe('the window decorators', () => {
  it.each([
    ['WindowReduce', WindowReduce()],
    ['OnWindowEnd', OnWindowEnd()],
  ])('@%s refuses a TC39 standard decorator call, saying to set experimentalDecorators', (name, decorator) => {
    const act = () => (decorator as unknown as (value: unknown, context: unknown) => void)(noop, standardContext('add'));

    expect(act).toThrow(DefinitionError);
    expect(act).toThrow(`@${name} on add: this file was compiled with standard (TC39) decorators; shardline's are TypeScript's legacy ones.`);
  });

  it('record the reducer with its state class, and the end method, on the class', () => {
    class Totals {}
    class Revenue {
      @WindowReduce({ state: Totals })
      add(state: object): object {
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }

    expect(getWindowMethods(Revenue)).toEqual([
      { kind: 'reduce', method: 'add', state: Totals },
      { kind: 'end', method: 'close', state: undefined },
    ]);
  });

  it("leave a parent's window methods as they were when a subclass adds its own", () => {
    class Base {
      @WindowReduce()
      add(state: object): object {
        return state;
      }
    }
    class Derived extends Base {
      @OnWindowEnd()
      close(): void {}
    }

    expect(getWindowMethods(Base).map((m) => m.method)).toEqual(['add']);
    expect(getWindowMethods(Derived).map((m) => m.method)).toEqual(['add', 'close']);
  });
});
