import 'reflect-metadata';
import { OnPartitionKey, OnUnmatched, StreamHandler } from 'shardline';
import { getRoutes, getStreamHandler } from '../../../src/metadata/metadata';

describe('route metadata', () => {
  it('is kept on the class in declaration order', () => {
    class Handler {
      @OnPartitionKey('a')
      first() {}
      @OnUnmatched()
      second() {}
    }
    expect(getRoutes(Handler).map((r) => r.method)).toEqual(['first', 'second']);
  });

  it('is inherited by a subclass, and a subclass route never changes its parent', () => {
    class Parent {
      @OnPartitionKey('a')
      inherited() {}
    }
    class Child extends Parent {
      @OnUnmatched()
      own() {}
    }
    expect(getRoutes(Child).map((r) => r.method)).toEqual(['inherited', 'own']);
    expect(getRoutes(Parent).map((r) => r.method)).toEqual(['inherited']);
  });

  it('makes a subclass a handler only when it is decorated itself', () => {
    @StreamHandler()
    class Parent {}
    class Child extends Parent {}
    expect([getStreamHandler(Parent) !== undefined, getStreamHandler(Child)]).toEqual([true, undefined]);
  });
});
