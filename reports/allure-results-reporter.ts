import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Suite } from '@playwright/test/reporter';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import { AllureReporter } from 'allure-playwright';

/**
 * Allure's results writer with plain writes. Its own writes every file to a temporary name,
 * fsyncs it and renames it: safe for a report read while it is written, but thousands of fsyncs
 * (every result and every attached message) cost the runner seconds of CPU on the run's clock.
 * Accord builds the report only once the run is over, from files written once.
 */
class PlainResultsWriter extends FileSystemWriter {
  readonly #dir: string;
  #made = false;

  constructor(resultsDir: string) {
    super({ resultsDir });
    this.#dir = resultsDir;
  }

  #path(name: string): string {
    if (!this.#made) {
      mkdirSync(this.#dir, { recursive: true });
      this.#made = true;
    }
    return join(this.#dir, name);
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(this.#path(distFileName), content);
  }

  override writeAttachmentFromPath(distFileName: string, from: string): void {
    copyFileSync(from, this.#path(distFileName));
  }

  override writeResult(result: Parameters<FileSystemWriter['writeResult']>[0]): void {
    writeFileSync(this.#path(`${result.uuid}-result.json`), JSON.stringify(result));
  }

  override writeGroup(result: Parameters<FileSystemWriter['writeGroup']>[0]): void {
    writeFileSync(this.#path(`${result.uuid}-container.json`), JSON.stringify(result));
  }
}

interface Options {
  resultsDir: string;
  [option: string]: unknown;
}

/** allure-playwright, writing its results with `PlainResultsWriter`. */
export default class AllureResultsReporter extends AllureReporter {
  readonly #resultsDir: string;

  constructor(options: Options) {
    super(options);
    this.#resultsDir = options.resultsDir;
  }

  override onBegin(suite: Suite): void {
    super.onBegin(suite);
    // allure-playwright makes its writer in onBegin and offers no option to choose another.
    const runtime = (this as unknown as { allureRuntime?: { writer: FileSystemWriter } }).allureRuntime;
    if (runtime) runtime.writer = new PlainResultsWriter(this.#resultsDir);
  }
}
