/** A KedroSession on the project around the working directory, with the CLI's plugins registered (what project commands share). */
import { KedroSession, type ProjectMetadata } from '@kedro-mlflow/core-pipeline';
import { registerCliPlugins } from './plugins.js';
import { openProject } from './project-context.js';

export async function openProjectSession(env: string | undefined): Promise<{ metadata: ProjectMetadata; session: KedroSession }> {
  const { metadata, loader } = await openProject();
  await registerCliPlugins(metadata, loader);
  const session = await KedroSession.create({
    projectPath: metadata.projectPath,
    ...(env !== undefined ? { env } : {}),
    moduleLoader: loader.moduleLoader,
    workerExecArgv: loader.workerExecArgv,
  });
  return { metadata, session };
}
