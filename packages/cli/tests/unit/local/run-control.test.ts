import { RunControl } from '../../../src/local/run-control';

describe('RunControl', () => {
  it('wakes a sleep when the run stops', async () => {
    // Prepare: an hour-long sleep; the test would time out if stop() did not cut it short.
    const control = new RunControl();
    const sleeping = control.sleep(3_600_000);

    // Act
    control.stop();

    // Assert
    await expect(sleeping).resolves.toBeUndefined();
    expect(control.stopping).toBe(true);
  });

  it('does not sleep at all once the run is stopping', async () => {
    const control = new RunControl();
    control.stop();

    await expect(control.sleep(3_600_000)).resolves.toBeUndefined();
  });
});
