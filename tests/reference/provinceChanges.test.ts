// The province changes read from ISTAT's variations file are the ones the
// laws made: the provinces created in 1992 and in 2009 (written out here from
// the acts, not from the loader), and the comuni that passed between two
// provinces that existed before and after.
import { describe, expect, it } from 'vitest';
import { provinceChanges } from '../../warehouse/reference/provinceChanges.ts';

const changes = provinceChanges();
const brief = (kind: 'creation' | 'transfer') =>
  changes.filter((c) => c.kind === kind).map((c) => `${c.on} ${c.from.province}→${c.to.province}`);

describe('changes of province boundaries since 1991', () => {
  it('the provinces created are those of the 1992 decrees and the 2004 laws in force in 2009', () => {
    // D.Lgs. 30 April 1992 nn. 248–254 (Biella, Lecco, Lodi, Rimini, Prato,
    // Crotone, Vibo Valentia, Verbano-Cusio-Ossola), with ISTAT's year only;
    // L. 11 June 2004 nn. 146–148 (Monza e della Brianza, Fermo,
    // Barletta-Andria-Trani), in force from the dates ISTAT gives.
    expect(brief('creation')).toEqual([
      '1992-01-01 002→096', // Vercelli → Biella
      '1992-01-01 013→097', // Como → Lecco
      '1992-01-01 016→097', // Bergamo → Lecco: six comuni, the same day
      '1992-01-01 215→098', // Milano → Lodi
      '1992-01-01 040→099', // Forlì → Rimini
      '1992-01-01 248→100', // Firenze → Prato
      '1992-01-01 079→101', // Catanzaro → Crotone
      '1992-01-01 079→102', // Catanzaro → Vibo Valentia
      '1992-01-01 003→103', // Novara → Verbano-Cusio-Ossola
      '2009-06-30 215→108', // Milano → Monza e della Brianza
      '2009-07-12 044→109', // Ascoli Piceno → Fermo
      '2009-07-27 071→110', // Foggia → Barletta-Andria-Trani: three comuni
      '2009-07-27 272→110', // Bari → Barletta-Andria-Trani: seven
    ]);
  });

  it('comuni that passed between existing provinces are transfers, with their names', () => {
    expect(
      changes
        .filter((c) => c.kind === 'transfer')
        .map((c) => `${c.on} ${c.from.province}→${c.to.province} ${c.comuni.length}`),
    ).toEqual([
      '2009-08-15 041→099 7', // Alta Valmarecchia, Marche → Emilia-Romagna
      '2009-12-18 215→108 5', // the five comuni that joined Monza e della Brianza later
      '2017-12-16 025→030 1', // Sappada, Veneto → Friuli-Venezia Giulia
      '2018-01-27 097→016 1', // Torre de' Busi, Lecco → Bergamo
      '2021-06-17 041→099 2', // Montecopiolo and Sassofeltrio, Marche → Emilia-Romagna
    ]);
    const last = changes.at(-1)!;
    expect(last.comuni).toEqual(['Montecopiolo', 'Sassofeltrio']);
    expect([last.from.region, last.to.region]).toEqual(['11', '08']);
  });

  it('Sardinia is not read from here: its codes were reused and its map redrawn whole', () => {
    expect(changes.filter((c) => c.from.region === '20' || c.to.region === '20')).toEqual([]);
  });
});
