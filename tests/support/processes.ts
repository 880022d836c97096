// The process helper lives outside tests/ (scripts use it too): scripts/lib/processes.ts.
export * from '../../scripts/lib/processes'
