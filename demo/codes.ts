// Occupations (CP2021, level 5) and sectors (ATECO 2025 sottocategorie) the
// demo uses, with rough weights for the local labour markets. Every code is
// checked against the shipped reference files by the tests.

/**
 * [CP2021 code, weight among vacancies, hard-to-fill propensity 0–1, weight
 * among job seekers' desired occupations]. Registered job seekers do not want
 * the jobs on offer in the same mix: they crowd into sales, clerical,
 * cleaning and warehouse work while skilled trades, nurses, software and
 * drivers are scarce (the occupations Excelsior reports hardest to find), so
 * the last column departs from the first and V/U differs by occupation.
 */
export const OCCUPATIONS: readonly (readonly [string, number, number, number])[] = [
  ['5.1.2.2.0', 14, 0.3, 22], // commessi delle vendite al minuto
  ['5.1.2.4.0', 6, 0.25, 9], // cassieri
  ['5.2.2.1.0', 6, 0.75, 3], // cuochi
  ['5.2.2.3.1', 7, 0.65, 6], // camerieri
  ['5.2.2.4.0', 5, 0.55, 5], // baristi
  ['8.1.4.2.0', 5, 0.5, 6], // personale non qualificato ristorazione
  ['8.1.4.3.0', 7, 0.35, 12], // pulizia uffici
  ['8.1.3.2.0', 6, 0.3, 9], // imballaggio e magazzino
  ['4.3.1.2.0', 5, 0.3, 7], // addetti magazzini
  ['4.1.1.1.0', 6, 0.15, 14], // segreteria
  ['4.3.2.1.0', 3, 0.25, 5], // addetti contabilità
  ['3.3.1.2.1', 2, 0.4, 2], // contabili
  ['3.3.3.5.0', 2, 0.45, 2], // tecnici del marketing
  ['2.7.1.1.1', 3, 0.8, 0.6], // analisti e progettisti di software
  ['3.2.1.1.1', 2, 0.85, 0.4], // infermieri
  ['5.5.2.3.0', 5, 0.6, 4], // assistenza personale
  ['6.1.3.7.0', 3, 0.8, 0.8], // elettricisti
  ['6.1.3.6.1', 2, 0.8, 0.4], // idraulici
  ['6.2.1.7.0', 2, 0.85, 0.4], // saldatori
  ['6.2.3.1.1', 2, 0.75, 0.8], // meccanici
  ['7.2.7.1.0', 3, 0.5, 4], // assemblatori
  ['7.4.2.3.0', 3, 0.8, 0.8], // conduttori mezzi pesanti
  ['8.4.2.1.0', 3, 0.45, 4], // manovali edilizia
  ['8.3.1.1.0', 3, 0.4, 4], // braccianti agricoli
  ['6.4.1.1.0', 1, 0.5, 1], // operai agricoli specializzati
  ['5.5.1.1.0', 1, 0.5, 1.5], // acconciatori
];

/** [ATECO 2025 code, weight]. */
export const SECTORS: readonly (readonly [string, number])[] = [
  ['47.11.00', 10], // commercio al dettaglio non specializzato
  ['56.11.11', 10], // ristoranti
  ['56.30.00', 6], // bar
  ['55.10.00', 6], // alberghi
  ['81.21.00', 6], // pulizia
  ['52.10.10', 5], // magazzinaggio
  ['49.41.00', 4], // trasporto merci su strada
  ['41.00.00', 5], // costruzioni
  ['43.21.01', 4], // impianti elettrici
  ['10.71.10', 3], // panifici
  ['25.62.00', 3], // lavorazioni meccaniche
  ['28.29.99', 3], // macchine
  ['29.32.00', 3], // componenti auto
  ['62.10.00', 4], // software
  ['87.30.00', 4], // assistenza residenziale
  ['88.10.00', 3], // assistenza sociale non residenziale
  ['82.20.00', 3], // call center
  ['46.90.00', 3], // ingrosso
  ['01.11.00', 2], // coltivazioni
  ['78.20.10', 3], // lavoro interinale
];
