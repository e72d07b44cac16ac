// The names of the files inside an embedded store's directory (`${dataDir}/memory`): the log every
// record lives in, and the lock that says which process may write it.
export const LOG_FILE_NAME = 'memory.log';
export const LOCK_FILE_NAME = 'memory.lock';
