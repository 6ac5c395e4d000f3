// e2e.mjs — opens a notebook in JupyterLab 4 in Debian's headless chromium (driven by
// playwright-core, which never downloads a browser here), checks that the "Spark Streaming on
// Kafka (C)" kernel is the notebook's kernel, runs all cells from the Run menu, waits until every
// code cell has run, and reports what rendered: a JSON summary on stdout, screenshots in OUT_DIR.
//
// tests/python/test_frontends.py starts JupyterLab and runs this script; it can also be run by
// hand against any JupyterLab:
//   LAB_URL=http://127.0.0.1:8888 LAB_TOKEN=... NOTEBOOK=Scala-Basics.ipynb OUT_DIR=/tmp/out node e2e.mjs
//
// Environment:
//   LAB_URL, LAB_TOKEN   the server and its token
//   NOTEBOOK             the notebook's path relative to the server's root
//   OUT_DIR              where screenshots and the summary go
//   KERNEL_DISPLAY_NAME  expected kernel name in the toolbar (default "Spark Streaming on Kafka (C)")
//   CHROMIUM             the browser (default /usr/bin/chromium)
//   RUN_TIMEOUT_MS       how long all cells may take (default 240000)
//   FOCUS_SELECTOR       an element to scroll into view for the final screenshot (default
//                        .dstream-timeline when present)
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const env = process.env;
const LAB_URL = (env.LAB_URL || 'http://127.0.0.1:8888').replace(/\/$/, '');
const TOKEN = env.LAB_TOKEN || '';
const NOTEBOOK = env.NOTEBOOK || 'Scala-Basics.ipynb';
const OUT_DIR = env.OUT_DIR || path.resolve('out');
const KERNEL_NAME = env.KERNEL_DISPLAY_NAME || 'Spark Streaming on Kafka (C)';
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const RUN_TIMEOUT = Number(env.RUN_TIMEOUT_MS || 240000);
const FOCUS = env.FOCUS_SELECTOR || '.dstream-timeline';
const stem = path.basename(NOTEBOOK, '.ipynb');

fs.mkdirSync(OUT_DIR, { recursive: true });
const log = (...a) => console.error(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...a);
const summary = { notebook: NOTEBOOK, steps: [], screenshots: [] };

function fail(msg) {
  summary.error = msg;
  console.log(JSON.stringify(summary));
  log('FAILED:', msg);
  process.exit(1);
}

if (!fs.existsSync(CHROMIUM)) fail(`chromium not found at ${CHROMIUM} (run scripts/browser-deps.sh)`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-dev-shm-usage'],
  // playwright-core makes a fresh temporary --user-data-dir for every launch.
});

let page;
async function shot(name) {
  const file = path.join(OUT_DIR, `${stem}-${name}.png`);
  try {
    await page.screenshot({ path: file });
    summary.screenshots.push(file);
  } catch (e) { log('screenshot failed:', e.message); }
  return file;
}

try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1050 } });
  page = await context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  const url = `${LAB_URL}/lab/tree/${NOTEBOOK.split('/').map(encodeURIComponent).join('/')}?token=${encodeURIComponent(TOKEN)}`;
  log('opening', url.replace(TOKEN, '<token>'));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120000 });

  // The notebook panel with its cells.
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120000 });
  summary.steps.push('notebook opened');

  // The kernel: the toolbar names it once a session exists. A kernel chooser dialog would mean
  // the notebook's kernelspec was not found: pick ours from it rather than give up.
  const deadline = Date.now() + 90000;
  let kernelText = '';
  for (;;) {
    const dialog = await page.$('.jp-Dialog');
    if (dialog) {
      const text = await dialog.innerText();
      log('dialog:', text.replace(/\s+/g, ' ').slice(0, 200));
      const select = await dialog.$('select');
      if (select) {
        const options = await select.$$eval('option', (os) => os.map((o) => ({ v: o.value, t: o.textContent })));
        const ours = options.find((o) => o.t && o.t.includes(KERNEL_NAME));
        if (!ours) fail(`kernel chooser has no "${KERNEL_NAME}": ${JSON.stringify(options)}`);
        await select.selectOption(ours.v);
        summary.steps.push('kernel chosen in dialog');
      }
      await dialog.$('.jp-mod-accept').then((b) => b && b.click());
      await page.waitForTimeout(500);
    }
    kernelText = await page.$eval('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelName',
      (e) => e.textContent.trim()).catch(() => '');
    if (kernelText.includes(KERNEL_NAME)) break;
    if (Date.now() > deadline) {
      await shot('no-kernel');
      fail(`the notebook's kernel is "${kernelText}", expected "${KERNEL_NAME}"`);
    }
    await page.waitForTimeout(500);
  }
  summary.kernel = kernelText;
  summary.steps.push(`kernel: ${kernelText}`);

  // Wait until the kernel is idle (connected) before running.
  await page.waitForFunction(() => {
    const s = document.querySelector('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelStatus, .jp-NotebookPanel-toolbar [data-status]');
    const t = s ? (s.getAttribute('data-status') || s.getAttribute('title') || s.textContent || '') : '';
    return /idle/i.test(t);
  }, null, { timeout: 90000 }).catch(() => log('kernel status indicator not seen as idle; going on'));

  // Every code cell starts unrun (the test's copy has no outputs), so numbers seen later are ours.
  const before = await page.evaluate(() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')]
    .filter((p) => /\[\d+\]/.test(p.textContent)).length);
  if (before) fail(`${before} code cells already show an execution count before running`);

  // Run → Run All Cells, from the menu bar as a person would.
  await page.click('.jp-NotebookPanel .jp-Cell');
  await page.click('.lm-MenuBar-item:has-text("Run")');
  await page.click('.lm-Menu-item:has-text("Run All Cells")');
  summary.steps.push('Run All Cells');
  const started = Date.now();

  // Done when every code cell shows its own number in its prompt and none shows [*]. A cell that
  // fails stops Run All: the cells after it never get a number of their own, and the wait ends
  // with the kernel idle and nothing running (reported, and the test names the failing cell).
  const progress = () => page.evaluate(() => {
    const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')];
    const prompts = cells.map((c) => (c.querySelector('.jp-InputArea-prompt') || {}).textContent || '');
    const numbers = prompts.map((p) => (p.match(/\[(\d+)\]/) || [])[1]).filter(Boolean);
    const s = document.querySelector('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelStatus, .jp-NotebookPanel-toolbar [data-status]');
    const status = s ? (s.getAttribute('data-status') || s.getAttribute('title') || '') : '';
    return {
      cells: cells.length,
      done: new Set(numbers).size,
      running: prompts.filter((p) => p.includes('*')).length,
      idle: /idle/i.test(status),
    };
  });
  let p;
  let stoppedSince = 0;   // Run All marks every queued cell [*] at once: none left means it ended
  for (;;) {
    p = await progress();
    if (p.cells > 0 && p.done === p.cells && p.running === 0) break;
    if (p.running === 0 && p.idle && Date.now() - started > 3000) {
      stoppedSince = stoppedSince || Date.now();
      if (Date.now() - stoppedSince > 5000) { summary.stopped_early = true; break; }
    } else stoppedSince = 0;
    if (Date.now() - started > RUN_TIMEOUT) {
      await shot('timeout');
      fail(`cells still running after ${RUN_TIMEOUT} ms: ${JSON.stringify(p)}`);
    }
    await page.waitForTimeout(500);
  }
  summary.run_ms = Date.now() - started;
  summary.steps.push(`${p.done} of ${p.cells} code cells ran in ${summary.run_ms} ms`);
  await page.waitForTimeout(1000);   // last display updates

  // What rendered, cell by cell (the notebook is not windowed: see the test's settings).
  summary.cells = await page.evaluate(() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')].map((c) => {
    const out = c.querySelector('.jp-OutputArea');
    return {
      prompt: ((c.querySelector('.jp-InputArea-prompt') || {}).textContent || '').trim(),
      source: ((c.querySelector('.jp-InputArea-editor') || {}).textContent || '').slice(0, 80),
      text: out ? out.innerText.slice(0, 4000) : '',
      tables: out ? out.querySelectorAll('table').length : 0,
      table_headers: out ? [...out.querySelectorAll('table th')].map((th) => th.textContent.trim()).slice(0, 40) : [],
      timeline: out ? out.querySelectorAll('.dstream-timeline').length : 0,
      svg: out ? out.querySelectorAll('svg').length : 0,
      mimetypes: out ? [...out.querySelectorAll('.jp-OutputArea-output')].map((o) => o.getAttribute('data-mime-type') || o.className) : [],
      stderr: out ? [...out.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')].map((e) => e.innerText.slice(0, 600)) : [],
      error_text: out ? [...out.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]')].map((e) => e.innerText.slice(0, 600)) : [],
    };
  }));
  await shot('done');

  // The screenshot for the README: the focus element (the live timeline) in view.
  // (looked up afresh each time: a display update or the layout change re-renders it, and a
  // handle taken before would be detached)
  if (await page.$(FOCUS)) {
    // the notebook alone: hide the file browser (View → Show Left Sidebar, Ctrl+B)
    if (await page.$('#jp-left-stack:not(.lm-mod-hidden)')) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+b');
      await page.waitForTimeout(500);
    }
    await page.evaluate((sel) => {
      // the live display itself near the top, with a little of what precedes it
      const el = document.querySelector(sel);
      if (!el) return;
      el.scrollIntoView({ block: 'start' });
      const scroller = el.closest('.jp-WindowedPanel-outer, .jp-Notebook');
      if (scroller) scroller.scrollTop = Math.max(0, scroller.scrollTop - 120);
    }, FOCUS);
    await page.waitForTimeout(500);
    summary.focus_screenshot = await shot('focus');
  }

  // A Vega-Lite chart (the timeline's, or %%sql --chart's): JupyterLab draws it (vega-embed), and
  // hovering its marks shows vega-tooltip's tooltip. The marks are on a canvas: the pointer sweeps
  // rows across the chart until the tooltip shows.
  const vl = '.jp-OutputArea-output .vega-embed';
  summary.vegalite = { outputs: (await page.$$(vl)).length, rendered: 0, tooltip: '' };
  if (summary.vegalite.outputs) {
    await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), vl);
    await page.waitForTimeout(800);
    summary.vegalite.rendered = await page.$$eval(`${vl} canvas, ${vl} svg.marks`, (es) => es.length);
    summary.vegalite.classes = await page.$eval(vl, (e) => e.closest('.jp-OutputArea-output').className);
    const box = await page.$eval(`${vl} canvas, ${vl} svg.marks`, (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }).catch(() => null);
    if (box) {
      sweep: for (let fy = 0.85; fy >= 0.15; fy -= 0.1) {
        for (let fx = 0.05; fx <= 0.98; fx += 0.015) {
          await page.mouse.move(box.x + box.w * fx, box.y + box.h * fy);
          const t = await page.$eval('#vg-tooltip-element.visible', (e) => e.innerText).catch(() => '');
          if (t) { summary.vegalite.tooltip = t; break sweep; }
        }
      }
      summary.vegalite_screenshot = await shot('vegalite-tooltip');
      await page.mouse.move(0, 0);
    }
  }

  // The stream's buttons (Jupyter widgets): a new cell at the end starts a context that keeps
  // running; Pause, Step, Resume and Stop are clicked as a person would, and the status line
  // beside them read after each.
  summary.controls = { statuses: [] };
  try {
    await page.click('.jp-NotebookPanel .jp-Cell:last-child .jp-InputArea-prompt').catch(() => {});
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText([
      'import org.apache.spark.streaming._',
      'import org.apache.spark.rdd.RDD',
      'StreamingContext.getActive.foreach(_.stop(stopSparkContext = false))',
      'val tick = new StreamingContext(sc, Milliseconds(500))',
      'val tq = new scala.collection.mutable.Queue[RDD[Int]]()',
      'tick.queueStream(tq, true, sc.makeRDD(Seq(1))).count().print()',
      'tick.start()'].join('\n'));
    await page.keyboard.press('Shift+Enter');
    // the new cell's buttons: the last bar (the reader's own stream has one too, stopped)
    const bar = () => page.locator('.jp-NotebookPanel .dstream-controls').last();
    const status = () => bar().locator('.widget-label').textContent({ timeout: 1000 }).catch(() => '');
    const until = async (re, ms = 20000) => {
      const end = Date.now() + ms;
      for (;;) {
        const t = await status();
        if (re.test(t)) { summary.controls.statuses.push(t); return t; }
        if (Date.now() > end) throw new Error(`status ${JSON.stringify(t)} never matched ${re}`);
        await page.waitForTimeout(200);
      }
    };
    const press = (label) => bar().locator('button', { hasText: label }).click();
    await page.waitForFunction(() => document.querySelectorAll('.jp-NotebookPanel .dstream-controls').length >= 2,
      null, { timeout: 30000 });
    await until(/^running: [1-9]/);
    await press('Pause');
    const paused = await until(/^paused after \d+/);
    const n = Number(paused.split(' ')[2]);
    await press('Step');
    await until(new RegExp(`^paused after ${n + 1} batch`));
    await press('Resume');
    await until(/^running: /);
    await bar().scrollIntoViewIfNeeded();
    await press('Stop');
    await until(/^stopped after \d+ batch/);
    summary.controls_screenshot = await shot('controls');
  } catch (e) {
    summary.controls.error = e.message;
    await shot('controls-failed');
  }

  // Completion and help in the real frontend: a new cell at the end, Tab after `sc.paral`,
  // then Shift-Tab inside the call's parentheses.
  await page.click('.jp-NotebookPanel .jp-Cell:last-child .jp-InputArea-prompt').catch(() => {});
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('sc.paral');
  await page.keyboard.press('Tab');
  let completed = false;
  try {
    await page.waitForFunction(() => {
      const ed = document.querySelector('.jp-NotebookPanel .jp-Cell.jp-mod-active .cm-content');
      if (ed && ed.textContent.includes('sc.parallelize')) return true;
      const menu = document.querySelector('.jp-Completer');
      return !!(menu && !menu.classList.contains('lm-mod-hidden') && menu.textContent.includes('parallelize'));
    }, null, { timeout: 20000 });
    const text = await page.$eval('.jp-NotebookPanel .jp-Cell.jp-mod-active .cm-content', (e) => e.textContent);
    if (!text.includes('sc.parallelize')) await page.keyboard.press('Enter');   // pick it from the menu
    completed = (await page.$eval('.jp-NotebookPanel .jp-Cell.jp-mod-active .cm-content', (e) => e.textContent)).includes('sc.parallelize');
  } catch (e) { log('completion:', e.message); }
  summary.completion = completed;
  await page.keyboard.type('(');
  await page.keyboard.press('Shift+Tab');
  summary.tooltip = await page.waitForSelector('.jp-Tooltip', { timeout: 20000 })
    .then((t) => t.innerText()).catch((e) => { log('tooltip:', e.message); return ''; });
  await shot('help');
  console.log(JSON.stringify(summary));
} catch (e) {
  if (page) await shot('exception');
  fail(`${e.name}: ${e.message}`);
} finally {
  await browser.close();
}
