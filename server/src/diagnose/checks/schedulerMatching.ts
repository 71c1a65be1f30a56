/**
 * Actions that queue because no worker matches them (or because matching passes fail), with the open config's
 * platform properties compared: declared properties no worker advertises are the usual reason.
 */
import { sectionDocs } from '../guide';
import type { DiagnoseCheck } from '../types';
import { lv, schedulerKey } from '../util';
import { schedulerMatching as healthCheck } from '../../cluster/checks/schedulerMatching';
import { unadvertised } from '../platformFacts';
import { instrumentFinding } from './instrumentFinding';

const SECTION = 'High Queue Depth';

export const schedulerMatching: DiagnoseCheck = {
  id: 'scheduler-matching',
  section: SECTION,
  title: 'Queued actions find a matching worker',
  docs: sectionDocs(SECTION),
  upstream: healthCheck.upstream,
  run: (ctx) =>
    instrumentFinding(ctx, {
      id: 'scheduler-matching',
      section: SECTION,
      health: 'scheduler-matching',
      title: (r) => (/idle/.test(r.display) ? `Actions wait while workers are idle (${r.display})` : `Scheduler matching passes fail (${r.display})`),
      summary: (r) =>
        /idle/.test(r.display)
          ? 'Actions stay queued although workers are free: the scheduler finds no worker whose platform properties satisfy them. Adding workers of the same kind does not help.'
          : 'Matching passes end in an error when the scheduler cannot assign an action to the worker it picked or cannot notify that worker; those actions go back to the queue.',
      async more(c) {
        const missing = unadvertised(c.config);
        if (!missing.length) return {};
        const list = missing.map((k) => lv(k)).join(', ');
        return {
          causes: [`The scheduler declares ${list} in supported_platform_properties, but no worker in the open configs advertises ${missing.length === 1 ? 'it' : 'them'} in platform_properties; an action that requests ${missing.length === 1 ? 'it' : 'one of them'} matches no worker without the key.`],
          config: { kind: 'nativelink', key: schedulerKey(c.config, 'supported_platform_properties') },
        };
      },
      causes: [
        'Actions request platform properties (exec_properties in Bazel, e.g. OSFamily, container-image, cpu_count) that no connected worker advertises, or with a value no worker satisfies.',
        'Workers that would match are draining, paused or disconnected.',
        'Matching errors: workers that vanish between being picked and being told (see Worker disconnects).',
      ],
      actions: [
        'Read the scheduler log with full worker logging: "Property missing on worker property …" and "Property mismatch …" name the property.',
        "Compare the build's exec_properties with each worker's platform_properties and the scheduler's supported_platform_properties.",
      ],
    }),
};
