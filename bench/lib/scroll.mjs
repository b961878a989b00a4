// Scrolling measurement shared by the suites. Runs in the page (passed to page.evaluate, so it
// must not use anything from this module's scope): scrolls a container from top to bottom, one
// step per animation frame, while a PerformanceObserver collects long tasks and a frame loop
// measures frame intervals.

/**
 * @param {{ target: 'adapter' | 'corpus-list', steps: number, settleFrames: number }} options
 *   target: the bench page adapter's scroll container, or the app's corpus list;
 *   steps: how many steps the whole height is divided into (a step is at least one viewport);
 *   settleFrames: frames measured after reaching the bottom.
 */
export async function scrollAndMeasure({ target, steps: wanted, settleFrames }) {
  const el = target === 'corpus-list' ? window.claimscopeBench.corpus.listContainer() : window.benchAdapter.scrollContainer();
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  el.scrollTop = 0;
  await frame();
  await frame();
  const intervals = [];
  let last = await frame();
  const max = el.scrollHeight - el.clientHeight;
  const step = Math.max(el.clientHeight, max / wanted);
  let steps = 0;
  while (el.scrollTop < max - 1 && steps < 1000) {
    el.scrollTop = Math.min(max, el.scrollTop + step);
    const t = await frame();
    intervals.push(t - last);
    last = t;
    steps++;
  }
  for (let i = 0; i < settleFrames; i++) {
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  await new Promise((r) => setTimeout(r, 50));
  for (const e of observer.takeRecords()) longTasks.push(e.duration);
  observer.disconnect();
  const budget = 1000 / 60;
  return {
    longestTask: longTasks.length ? Math.max(...longTasks) : 0,
    longTasks: longTasks.length,
    droppedFrames: intervals.reduce((n, dt) => n + Math.max(0, Math.round(dt / budget) - 1), 0),
    frames: intervals.length,
    steps,
    scrollHeight: el.scrollHeight,
    rowsInDom: document.querySelectorAll('.corpus-row').length,
  };
}
