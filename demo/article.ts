import '../src/index.js';
import { startTask } from './api.js';

document.getElementById('video')!.setAttribute('task-id', await startTask('success', 2));
